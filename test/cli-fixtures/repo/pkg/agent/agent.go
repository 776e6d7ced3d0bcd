// Package agent runs on every node; its LISTs are multiplied by the node count.
package agent

import (
	"context"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"os"
)

func start(ctx context.Context, cs kubernetes.Interface, node string) {
	pods, _ := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{
		FieldSelector: "spec.nodeName=" + node,
	})
	_, _ = pods, os.Getenv("NODE_NAME") // a per-node agent

	eps, _ := cs.CoreV1().Endpoints("").List(ctx, metav1.ListOptions{ResourceVersion: "0", Limit: 500})
	_ = eps

	self, _ := cs.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})
	_ = self
}
