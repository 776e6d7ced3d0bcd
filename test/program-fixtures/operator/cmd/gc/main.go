// A thin main whose daemon is a package it imports outside its folder (internal/gc, as
// node-feature-discovery's cmd/nfd-master runs pkg/nfd-master): no one-shot tool.
package main

import (
	"context"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"example.com/operator/internal/gc"
)

func main() {
	cfg, _ := rest.InClusterConfig()
	_ = gc.Run(context.Background(), kubernetes.NewForConfigOrDie(cfg))
}
