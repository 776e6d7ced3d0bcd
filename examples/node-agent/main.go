// A node agent in the style of the DaemonSets in the seed write-ups: it runs on every node,
// so every LIST it makes at start-up is multiplied by the node count.
package main

import (
	"context"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

func main() {
	ctx := context.Background()
	cfg, err := rest.InClusterConfig()
	if err != nil {
		panic(err)
	}
	cs := kubernetes.NewForConfigOrDie(cfg)
	node := os.Getenv("NODE_NAME")

	// Every pod in the cluster read from etcd (before 1.31) to keep this node's.
	pods, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{
		FieldSelector: "spec.nodeName=" + node,
	})
	if err != nil {
		panic(err)
	}
	_ = pods

	// Fine: served from the watch cache.
	svcs, _ := cs.CoreV1().Services("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	_ = svcs

	// The limit is ignored with ResourceVersion "0": the whole list comes back at once.
	eps, _ := cs.CoreV1().Endpoints("").List(ctx, metav1.ListOptions{ResourceVersion: "0", Limit: 500})
	_ = eps

	self, _ := cs.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})
	_ = self
}
