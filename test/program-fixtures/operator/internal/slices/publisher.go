package slices

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

type Publisher struct {
	cs kubernetes.Interface
	ns string
}

// The poll's condition is a method value defined in another file.
func (c *Publisher) WaitPublished(ctx context.Context) error {
	return wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, c.allSlicesPublished) // want "KLL202 allSlicesPublished lists endpointslices \(condition.go:\d+\) inside wait.PollUntilContextTimeout"
}
