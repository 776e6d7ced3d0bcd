// A per-node agent on client-go v0.33 (go.mod's replace): typed informers ask for protobuf
// by themselves; a bare REST client still asks for JSON.
package main

import (
	"os"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

func main() {
	node := os.Getenv("NODE_NAME")
	cfg, err := rest.InClusterConfig()
	if err != nil {
		panic(err)
	}
	cs := kubernetes.NewForConfigOrDie(cfg)
	f := informers.NewFilteredSharedInformerFactory(cs, 0, "", nil)
	f.Core().V1().Nodes().Informer()                                                                                             // want "KLL303 nodes informer is cluster-wide"
	lw := cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "pods", "", fields.OneTermEqualSelector("spec.nodeName", node)) // want "KLL304 ListWatch of pods reads JSON"
	_ = lw
}
