// Reads whose options are a parameter: what they send is what the callers in
// internal/sync pass (the program resolves it across packages).
package store

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

type Store struct {
	cs kubernetes.Interface
}

// PodsWith lists with the options every caller passes: no ResourceVersion.
func (s *Store) PodsWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Pods("").List(ctx, opts) // want "KLL001 LIST of all pods in the cluster without ResourceVersion"
	return err
}

// SecretsWith: the callers disagree (one reads from the watch cache, one does not).
func (s *Store) SecretsWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Secrets("").List(ctx, opts)
	return err
}

// ConfigMapsWith: a caller passes options it does not build itself.
func (s *Store) ConfigMapsWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().ConfigMaps("").List(ctx, opts)
	return err
}

// ServicesWith is also handed out as a method value: who calls that, with what, is unknown.
func (s *Store) ServicesWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Services("").List(ctx, opts)
	return err
}

// EndpointsWith has no caller in the module.
func (s *Store) EndpointsWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Endpoints("").List(ctx, opts)
	return err
}

// Nodes lists through a package function whose callers are in another package.
func Nodes(ctx context.Context, cs kubernetes.Interface, opts metav1.ListOptions) error {
	_, err := cs.CoreV1().Nodes().List(ctx, opts) // want "KLL001 LIST of all nodes in the cluster without ResourceVersion"
	return err
}

// NamespacesWith: every caller passes ResourceVersion "0" (the watch cache): nothing to say.
func (s *Store) NamespacesWith(ctx context.Context, opts metav1.ListOptions) error {
	_, err := s.cs.CoreV1().Namespaces().List(ctx, opts)
	return err
}
