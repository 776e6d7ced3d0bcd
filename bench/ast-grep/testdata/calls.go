package bench

// Matches of bench/ast-grep/rules/*.yml, checked by test/bench.test.ts. Not a rule fixture
// of the engine: each `// sg:ID` marks a line ast-grep reports.

import (
	"context"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

func startup(ctx context.Context, cs kubernetes.Interface, node string) {
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + node}) // sg:KLL001
	_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	_, _ = cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: ""}) // sg:KLL001
}

func perNamespace(ctx context.Context, cs kubernetes.Interface, ns string) int {
	pods, err := cs.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{ResourceVersion: "0"}) // sg:KLL101
	if err != nil {
		return 0
	}
	n := 0
	for _, p := range pods.Items {
		if p.Namespace == ns {
			n++
		}
	}
	return n
}

func perNode(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface, gvr schema.GroupVersionResource) {
	nodes, _ := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	for _, n := range nodes.Items {
		_, _ = cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{ResourceVersion: "0", FieldSelector: "spec.nodeName=" + n.Name}) // sg:KLL201
		_, _ = dyn.Resource(gvr).Namespace(n.Name).Get(ctx, strings.ToLower(n.Name), metav1.GetOptions{ResourceVersion: "0"})     // sg:KLL201
	}
}
