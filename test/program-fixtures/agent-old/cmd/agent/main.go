// A per-node agent on client-go v0.31 (go.mod): its typed informers read JSON unless the
// rest.Config asks for protobuf.
package main

import (
	"os"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"example.com/agentold/internal/kube"
	"example.com/agentold/internal/watch"
)

func main() {
	node := os.Getenv("NODE_NAME")
	cfg, err := rest.InClusterConfig()
	if err != nil {
		panic(err)
	}
	cs := kubernetes.NewForConfigOrDie(cfg)
	factory := informers.NewSharedInformerFactoryWithOptions(cs, time.Hour, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
		o.FieldSelector = "spec.nodeName=" + node
	}))
	pods := factory.Core().V1().Pods().Informer() // want "KLL304 pod informer reads JSON"
	stop := make(chan struct{})
	factory.Start(stop)
	watch.Services(cs, stop)
	watch.Endpoints(cs, stop)
	_ = pods
	protobufAgent(stop)
	fromLoaders(stop)
}

// The configs come from internal/kube: Config's has no ContentType, ProtoConfig's asks for protobuf.
func fromLoaders(stop <-chan struct{}) {
	loaded, err := kube.Config("")
	if err != nil {
		panic(err)
	}
	jsonClients := kubernetes.NewForConfigOrDie(loaded)
	viaLoader := informers.NewSharedInformerFactory(jsonClients, 0)
	viaLoader.Discovery().V1().EndpointSlices().Informer() // want "KLL304 endpointslice informer reads JSON"
	proto, err := kube.ProtoConfig()
	if err != nil {
		panic(err)
	}
	protoClients := kubernetes.NewForConfigOrDie(proto)
	viaProto := informers.NewSharedInformerFactory(protoClients, 0)
	viaProto.Discovery().V1().EndpointSlices().Informer()
	viaLoader.Start(stop)
	viaProto.Start(stop)
}

// Silent: this config asks for protobuf.
func protobufAgent(stop <-chan struct{}) {
	cfg, err := rest.InClusterConfig()
	if err != nil {
		panic(err)
	}
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	cs := kubernetes.NewForConfigOrDie(cfg)
	f := informers.NewSharedInformerFactory(cs, 0)
	f.Core().V1().Endpoints().Informer()
	f.Start(stop)
}
