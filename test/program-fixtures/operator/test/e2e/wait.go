// Test scaffolding outside _test.go: these waits need consistent reads.
package e2e

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

func WaitForPods(ctx context.Context, cs kubernetes.Interface, ns string) error {
	return wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}) // wantTests "KLL001" "KLL202"
		if err != nil {
			return false, err
		}
		return len(pods.Items) > 0, nil
	})
}
