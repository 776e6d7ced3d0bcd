// A per-node agent on client-go v0.33 (go.mod's replace): typed informers ask for protobuf
// by themselves; a bare REST client still asks for JSON.
package main

import (
	"flag"
	"os"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

var kubeconfig = flag.String("kubeconfig", "", "path to a kubeconfig")

func main() {
	flag.Parse()
	restConfig, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		panic(err)
	}
	clients, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		panic(err)
	}
	nodeInformers := informers.NewFilteredSharedInformerFactory(clients, 0, "", nil)
	nodeInformers.Core().V1().Nodes().Informer() // want "KLL303 nodes informer is cluster-wide"
	ownPods := fields.OneTermEqualSelector("spec.nodeName", os.Getenv("NODE_NAME"))
	_ = cache.NewListWatchFromClient(clients.CoreV1().RESTClient(), "pods", "", ownPods) // want "KLL304 ListWatch of pods reads JSON"
}
