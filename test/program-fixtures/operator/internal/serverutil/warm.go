// Reached only from cmd/server, whose app package starts a server: product code, so its
// one-shot LIST is shown (a tool's would not be).
package serverutil

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func Warm(ctx context.Context, cs kubernetes.Interface) error {
	_, err := cs.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{}) // want "KLL001"
	return err
}
