package controller

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func (r *Reconciler) podsOf(ctx context.Context, rs *appsv1.ReplicaSet) (*corev1.PodList, error) {
	sel := metav1.FormatLabelSelector(rs.Spec.Selector)
	return r.cs.CoreV1().Pods(rs.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel, ResourceVersion: "0"})
}
