module example.com/agentold

go 1.22

require (
	k8s.io/api v0.31.4
	k8s.io/apimachinery v0.31.4
	k8s.io/client-go v0.31.4 // typed clients ask for JSON unless the config says otherwise
)
