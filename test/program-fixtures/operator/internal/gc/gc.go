// Started by cmd/gc, a thin main in another folder: a long-running daemon (it serves health
// checks), so its one-shot LIST is product code and shown (a tool's would not be).
package gc

import (
	"context"
	"net/http"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func Run(ctx context.Context, cs kubernetes.Interface) error {
	if _, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{}); err != nil { // want "KLL001"
		return err
	}
	return http.ListenAndServe(":8081", nil)
}
