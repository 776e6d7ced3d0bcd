package controller

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
)

func (r *Reconciler) syncAll(ctx context.Context, ns string) error {
	return r.sync(ctx, nil)
}

// The loop is here, the LIST in pods.go.
func (r *Reconciler) sync(ctx context.Context, replicaSets []*appsv1.ReplicaSet) error {
	for _, rs := range replicaSets {
		if _, err := r.podsOf(ctx, rs); err != nil { // want "KLL201 podsOf lists pods \(pods.go:\d+\), called once per rs"
			return err
		}
	}
	// A loop over a local value's method: not resolved, so silent.
	var h helper
	for _, rs := range replicaSets {
		h.count(rs)
	}
	// A cycle that never reads: silent, and the walk ends.
	for _, rs := range replicaSets {
		r.ping(ctx, rs.Name)
	}
	return nil
}

type helper struct{}

func (helper) count(rs *appsv1.ReplicaSet) int { return int(*rs.Spec.Replicas) }

func (r *Reconciler) ping(ctx context.Context, name string) {
	if name != "" {
		r.pong(ctx, name[1:])
	}
}

func (r *Reconciler) pong(ctx context.Context, name string) { r.ping(ctx, name) }
