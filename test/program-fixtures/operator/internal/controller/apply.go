package controller

import (
	"context"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Two calls down from Reconcile, in another file: a new client (and REST mapper) per reconcile.
func (r *Reconciler) apply(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	cl, err := client.New(r.Cfg, client.Options{}) // want "KLL302 on every Reconcile \(Reconcile → apply\)"
	if err != nil {
		return ctrl.Result{}, err
	}
	_ = cl
	return ctrl.Result{}, r.syncAll(ctx, req.Namespace)
}
