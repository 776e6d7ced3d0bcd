// A one-shot command-line tool: a consistent read is what it intends, as with kubectl.
package main

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"example.com/operator/internal/dumputil"
)

func main() {
	cfg, _ := clientcmd.BuildConfigFromFlags("", "")
	cs := kubernetes.NewForConfigOrDie(cfg)
	nodes, _ := cs.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	fmt.Println(len(nodes.Items))
	n, _ := dumputil.Secrets(context.Background(), cs)
	fmt.Println(n)
}
