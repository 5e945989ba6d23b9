package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	_ "time/tzdata" // CronJob time zones, as kube-controller-manager's own main imports it.

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // as the components' own mains import them
	_ "k8s.io/component-base/metrics/prometheus/version"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

// componentCommands are the control-plane components this binary runs when started as
// `harness <name> [flags]`: the harness starts each as a child process of itself, so that each
// keeps its own process-wide state (feature gates, flags, metrics, logging), exactly as the
// upstream binaries do, while the build compiles and links Kubernetes only once.
var componentCommands = map[string]func() *cobra.Command{
	"kube-controller-manager": controllermanager.NewControllerManagerCommand,
	"kube-scheduler":          func() *cobra.Command { return scheduler.NewSchedulerCommand() },
}

// runComponentIfAsked runs a component and exits when the command line names one.
func runComponentIfAsked() {
	if len(os.Args) < 2 {
		return
	}
	newCommand, ok := componentCommands[os.Args[1]]
	if !ok {
		return
	}
	// The kernel ends the component when the harness dies, whatever the cause.
	_ = setParentDeathSignal()
	if os.Getppid() == 1 {
		os.Exit(1)
	}
	command := newCommand()
	command.SetArgs(os.Args[2:])
	os.Exit(cli.Run(command))
}

// component is a running child process: kube-controller-manager, kube-scheduler or kwok.
type component struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// startComponent starts a child process whose output goes to logTo (the harness's stderr: each
// component's lines carry their own klog or slog header) and that the kernel kills if the harness dies.
func startComponent(name, binary string, args []string, logTo io.Writer) (*component, error) {
	cmd := exec.Command(binary, args...)
	cmd.Stdout = logTo
	cmd.Stderr = logTo
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	c := &component{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

// exited reports whether the process has ended, with its error.
func (c *component) exited() (bool, error) {
	select {
	case <-c.done:
		if c.err == nil {
			return true, errors.New("exited with status 0")
		}
		return true, c.err
	default:
		return false, nil
	}
}

// stop sends SIGTERM, then SIGKILL after the grace period, and waits for the exit.
func (c *component) stop(grace time.Duration) {
	if done, _ := c.exited(); done {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(grace):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	log.Printf("%s stopped", c.name)
}

// freeLoopbackPort returns a port that was free on 127.0.0.1 a moment ago. The component that
// gets it binds it itself; the window in which another process could take it is tiny.
func freeLoopbackPort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

// componentFlags are the flags both kube-controller-manager and kube-scheduler take: the admin
// kubeconfig for everything, no leader election (one instance; a stalled renewal on a busy machine
// would make the component exit), and a health endpoint on a free loopback port.
func componentFlags(kubeconfig, certDir string, port int) []string {
	return []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		// Clients authenticate with the admin token, not client certificates: there is no
		// extension-apiserver-authentication ConfigMap to look up.
		"--authentication-skip-lookup=true",
		"--leader-elect=false",
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + certDir,
	}
}

// waitHealthy polls https://127.0.0.1:port/healthz (the component's self-signed certificate) until
// it answers ok, the process exits, or the context ends.
func waitHealthy(ctx context.Context, c *component, port int) error {
	client := &http.Client{
		Timeout: 2 * time.Second,
		// The component's serving certificate is self-signed and made at start-up; this is a
		// loopback health probe, not a data path.
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, //nolint:gosec
	}
	url := fmt.Sprintf("https://127.0.0.1:%d/healthz", port)
	var last string
	for {
		if done, err := c.exited(); done {
			return fmt.Errorf("%s exited while starting: %v", c.name, err)
		}
		response, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(response.Body, 4096))
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%d %s", response.StatusCode, body)
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s was not healthy in time (last answer: %s): %v", c.name, last, context.Cause(ctx))
		case <-time.After(200 * time.Millisecond):
		}
	}
}
