// Config loaders shared by the agent's commands: clients built from them in other packages
// are judged through the program model (KLL304).
package kube

import (
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Config loads the in-cluster config, or a kubeconfig file: no ContentType, so JSON.
func Config(path string) (*rest.Config, error) {
	if path == "" {
		return rest.InClusterConfig()
	}
	return clientcmd.BuildConfigFromFlags("", path)
}

// ProtoConfig asks for protobuf.
func ProtoConfig() (*rest.Config, error) {
	cfg, err := rest.InClusterConfig()
	if err != nil {
		return nil, err
	}
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	return cfg, nil
}
