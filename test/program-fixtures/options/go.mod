module example.com/options

go 1.22

require (
	k8s.io/apimachinery v0.31.4
	k8s.io/client-go v0.31.4
)
