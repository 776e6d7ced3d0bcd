package store

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func (s *Store) eventsWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Events("").List(ctx, opts) // want "KLL005 LIST of events, read from etcd"
	return err
}
