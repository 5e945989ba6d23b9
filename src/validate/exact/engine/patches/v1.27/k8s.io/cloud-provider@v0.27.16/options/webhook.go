// Patched by shipshape's exact engine: this package is reduced to the one constant that
// k8s.io/kubernetes/pkg/cluster/ports reads. The full package pulls golang.org/x/sys/unix in through
// k8s.io/apiserver/pkg/server/options, which does not build for WebAssembly.
package options

// CloudControllerManagerWebhookPort is the default port for the cloud controller manager webhook server.
const CloudControllerManagerWebhookPort = 10260
