package slices

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func (c *Publisher) allSlicesPublished(ctx context.Context) (bool, error) {
	list, err := c.cs.DiscoveryV1().EndpointSlices(c.ns).List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		return false, err
	}
	return len(list.Items) >= 3, nil
}

// A single-key GET that runs once: not worth a finding (KLL002 is for hot GETs).
func (c *Publisher) Namespace(ctx context.Context) (string, error) {
	ns, err := c.cs.CoreV1().Namespaces().Get(ctx, c.ns, metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	return ns.Name, nil
}

// The same GET once per item: hot.
func (c *Publisher) Namespaces(ctx context.Context, names []string) {
	for _, n := range names {
		_, _ = c.cs.CoreV1().Namespaces().Get(ctx, n, metav1.GetOptions{}) // want "KLL002"
	}
}
