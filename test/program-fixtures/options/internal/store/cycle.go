package store

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func (s *Store) CycleB(ctx context.Context, opts metav1.ListOptions, n int) error {
	return s.CycleA(ctx, opts, n)
}
