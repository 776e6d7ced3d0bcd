package app

import (
	"context"
	"net/http"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"example.com/operator/internal/serverutil"
)

func Run() {
	cfg, _ := rest.InClusterConfig()
	cs := kubernetes.NewForConfigOrDie(cfg)
	_ = serverutil.Warm(context.Background(), cs)
	_ = http.ListenAndServe(":8080", nil)
}
