// Callers in another package: the options they pass decide what the reads in
// internal/store send.
package sync

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"example.com/options/internal/store"
)

type Syncer struct {
	cs    kubernetes.Interface
	store *store.Store
}

func (c *Syncer) Resync(ctx context.Context) {
	_ = c.store.PodsWith(ctx, metav1.ListOptions{LabelSelector: "app=x"})
	_ = c.store.SecretsWith(ctx, metav1.ListOptions{})
	_ = c.store.ConfigMapsWith(ctx, metav1.ListOptions{})
	_ = c.store.ServicesWith(ctx, metav1.ListOptions{})
	_ = store.Nodes(ctx, c.cs, metav1.ListOptions{})
	_ = c.store.NamespacesWith(ctx, metav1.ListOptions{ResourceVersion: "0"})
	_ = c.store.EventsVia(ctx, metav1.ListOptions{FieldSelector: "involvedObject.kind=Pod"})
	_ = c.store.CycleA(ctx, metav1.ListOptions{}, 3)
	_ = store.SecretsIn(ctx, c.cs, metav1.ListOptions{})
	_ = c.store.LeasesWith(ctx, metav1.ListOptions{})
}

func (c *Syncer) Again(ctx context.Context, opts metav1.ListOptions) {
	_ = c.store.PodsWith(ctx, metav1.ListOptions{LabelSelector: "app=x"})
	_ = c.store.SecretsWith(ctx, metav1.ListOptions{ResourceVersion: "0"})
	_ = c.store.ConfigMapsWith(ctx, opts)
	_ = store.Nodes(ctx, c.cs, metav1.ListOptions{})
	_ = c.store.NamespacesWith(ctx, metav1.ListOptions{ResourceVersion: "0"})
}

// Handler hands ServicesWith out as a value.
func (c *Syncer) Handler() func(context.Context, metav1.ListOptions) error {
	return c.store.ServicesWith
}
