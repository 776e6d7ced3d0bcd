module example.com/agentnew

go 1.23

require k8s.io/client-go v0.30.2

// The version built is the replacement's: typed clients prefer protobuf from v0.32.
replace k8s.io/client-go => k8s.io/client-go v0.33.1
