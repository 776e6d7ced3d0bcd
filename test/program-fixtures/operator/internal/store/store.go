// A store type of the module, held in another package's struct field.
package store

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

type PodStore struct {
	cs kubernetes.Interface
}

func (s *PodStore) PodsIn(ctx context.Context, ns string) ([]corev1.Pod, error) {
	list, err := s.cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		return nil, err
	}
	return list.Items, nil
}
