package store

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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
