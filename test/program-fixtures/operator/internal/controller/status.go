package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// The same ConfigMap informer as reconciler.go's: reported once, at the module's first read.
func (r *Reconciler) configFor(ctx context.Context, key client.ObjectKey) (*corev1.ConfigMap, error) {
	var cm corev1.ConfigMap
	if err := r.Client.Get(ctx, key, &cm); err != nil {
		return nil, err
	}
	return &cm, nil
}
