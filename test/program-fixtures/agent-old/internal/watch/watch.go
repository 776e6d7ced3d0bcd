// Informers on a clientset built in another package: its rest.Config is not visible here.
package watch

import (
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
)

// Services informs on a small kind.
func Services(cs kubernetes.Interface, stop <-chan struct{}) {
	f := informers.NewSharedInformerFactory(cs, 0)
	f.Core().V1().Services().Informer()
	f.Start(stop)
}

// Endpoints: the clientset is a parameter, built from a config in cmd/agent (silent).
func Endpoints(cs kubernetes.Interface, stop <-chan struct{}) {
	f := informers.NewSharedInformerFactory(cs, 0)
	f.Core().V1().Endpoints().Informer()
	f.Start(stop)
}
