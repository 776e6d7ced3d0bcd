package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"

	"example.com/operator/internal/store"
)

// Calls through a field of the receiver: r.pods's type is store.PodStore (another package),
// so r.pods.PodsIn resolves to its method, which lists.
type namespaceSweeper struct {
	pods *store.PodStore
	Lister
}

// Lister is an interface of this package: a call through it stays unresolved (silent).
type Lister interface {
	PodsIn(ctx context.Context, ns string) (int, error)
}

func (s *namespaceSweeper) sweep(ctx context.Context, namespaces *corev1.NamespaceList) {
	for _, ns := range namespaces.Items {
		_, _ = s.pods.PodsIn(ctx, ns.Name) // want "KLL201 PodsIn lists pods"
	}
	for _, ns := range namespaces.Items {
		_, _ = s.Lister.PodsIn(ctx, ns.Name)
	}
}
