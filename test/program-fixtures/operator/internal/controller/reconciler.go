package controller

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type Reconciler struct {
	Client client.Client
	Cfg    *rest.Config
	cs     kubernetes.Interface
}

func (r *Reconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).For(&appsv1.Deployment{}).Owns(&corev1.ConfigMap{}).Complete(r)
}

func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	// Secrets are restricted to one namespace in cmd/manager: no cluster-wide informer.
	var secret corev1.Secret
	if err := r.Client.Get(ctx, req.NamespacedName, &secret); err != nil {
		return ctrl.Result{}, err
	}
	// ConfigMaps are not restricted anywhere in the module.
	var cms corev1.ConfigMapList
	if err := r.Client.List(ctx, &cms, client.InNamespace(req.Namespace)); err != nil { // want "KLL301"
		return ctrl.Result{}, err
	}
	// Pods are in DisableFor: a live LIST from the apiserver, not the cache.
	var pods corev1.PodList
	if err := r.Client.List(ctx, &pods, client.InNamespace(req.Namespace)); err != nil { // want "KLL001"
		return ctrl.Result{}, err
	}
	if _, err := r.census(ctx); err != nil {
		return ctrl.Result{}, err
	}
	return r.apply(ctx, req)
}
