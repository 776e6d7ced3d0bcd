package controller

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Every pod of the cluster on every reconcile: information on its own (the watch cache
// serves it on 1.34), a warning once the program knows it runs per reconcile.
func (r *Reconciler) census(ctx context.Context) (int, error) {
	pods, err := r.cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{}) // want "KLL001"
	if err != nil {
		return 0, err
	}
	return len(pods.Items), nil
}
