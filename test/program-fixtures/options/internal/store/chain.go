package store

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// EventsVia passes its options on to eventsWith in another file: followed to its callers.
func (s *Store) EventsVia(ctx context.Context, opts metav1.ListOptions) error {
	return s.eventsWith(ctx, opts)
}

// CycleA and CycleB (cycle.go) pass the options around in a circle: never resolved.
func (s *Store) CycleA(ctx context.Context, opts metav1.ListOptions, n int) error {
	if n > 0 {
		return s.CycleB(ctx, opts, n-1)
	}
	_, err := s.cs.CoreV1().PersistentVolumes().List(ctx, opts)
	return err
}

// SecretsIn passes its options on to a function of this file: the file resolves
// secretsIn's parameter from SecretsIn, and SecretsIn's from its callers in sync.go.
func SecretsIn(ctx context.Context, cs kubernetes.Interface, opts metav1.ListOptions) error {
	return secretsIn(ctx, cs, opts)
}

func secretsIn(ctx context.Context, cs kubernetes.Interface, opts metav1.ListOptions) error {
	_, err := cs.CoreV1().Secrets("kube-system").List(ctx, opts) // want "KLL001 LIST of all secrets in the namespace without ResourceVersion"
	return err
}

// LeasesWith passes its options on to a method of this file: followed to the caller in sync.go.
func (s *Store) LeasesWith(ctx context.Context, opts metav1.ListOptions) error {
	return s.leasesWith(ctx, opts)
}

func (s *Store) leasesWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoordinationV1().Leases("").List(ctx, opts) // want "KLL001 LIST of all leases in the cluster without ResourceVersion"
	return err
}
