package sync

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// resync pages with an exact resourceVersion: every page is read from etcd before 1.34.
func resync(ctx context.Context, cs kubernetes.Interface, rv string) {
	_, _ = cs.CoreV1().ConfigMaps("kube-system").List(ctx, metav1.ListOptions{ResourceVersion: "12345", Limit: 500})

	//kube-list-lint:ignore KLL001 a one-off at start-up, measured
	_, _ = cs.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})

	_, _ = cs.CoreV1().Services("").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
}
