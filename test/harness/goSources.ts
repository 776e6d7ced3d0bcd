// Go sources the tests write into temporary trees, shared so that a fixture is written once.

/** One LIST repeated per node that does not depend on it: KLL201's safe fix hoists it. */
export const HOIST_SOURCE = `package loop

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func each(ctx context.Context, cs kubernetes.Interface, nodes *corev1.NodeList) {
	for _, node := range nodes.Items {
		cms, _ := cs.CoreV1().ConfigMaps("kube-system").List(ctx, metav1.ListOptions{ResourceVersion: "0"})
		_, _ = node, cms
	}
}
`;
