// Reached only from cmd/dump, a one-shot tool: its reads are a tool's.
package dumputil

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func Secrets(ctx context.Context, cs kubernetes.Interface) (int, error) {
	var n int
	opts := metav1.ListOptions{Limit: 500}
	for {
		list, err := cs.CoreV1().Secrets("").List(ctx, opts)
		if err != nil {
			return n, err
		}
		n += len(list.Items)
		if list.Continue == "" {
			return n, nil
		}
		opts.Continue = list.Continue
	}
}

// The same read once per namespace is a loop, even in a tool.
func PerNamespace(ctx context.Context, cs kubernetes.Interface, names []string) {
	for _, ns := range names {
		_, _ = cs.CoreV1().Secrets(ns).List(ctx, metav1.ListOptions{}) // want "KLL001"
	}
}
