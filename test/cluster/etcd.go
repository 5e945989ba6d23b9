package main

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// startEtcd starts a single-member etcd on two free loopback ports, storing its data in dir.
// It follows k8s.io/apiserver/pkg/storage/etcd3/testserver: fsync is off because the data is
// thrown away, and only errors are logged.
func startEtcd(dir string, timeout time.Duration) (*embed.Etcd, string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", err
	}
	var lastErr error
	// Free ports are found by binding and releasing them; another process may take one in
	// between, so a failed start is retried on new ports.
	for attempt := 0; attempt < 3; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return nil, "", err
		}
		clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))}
		peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))}

		cfg := embed.NewConfig()
		cfg.Name = "shipshape-test"
		cfg.Dir = dir
		cfg.UnsafeNoFsync = true
		cfg.ListenClientUrls = []url.URL{clientURL}
		cfg.AdvertiseClientUrls = []url.URL{clientURL}
		cfg.ListenPeerUrls = []url.URL{peerURL}
		cfg.AdvertisePeerUrls = []url.URL{peerURL}
		// InitialCluster was computed from the default URLs by NewConfig.
		cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
		cfg.ListenMetricsUrls = nil
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(quietLogger())

		server, err := embed.StartEtcd(cfg)
		if err != nil {
			lastErr = err
			_ = os.RemoveAll(dir)
			_ = os.MkdirAll(dir, 0o700)
			continue
		}
		select {
		case <-server.Server.ReadyNotify():
			return server, clientURL.String(), nil
		case err := <-server.Err():
			server.Close()
			return nil, "", fmt.Errorf("etcd failed while starting: %w", err)
		case <-time.After(timeout):
			server.Close()
			return nil, "", fmt.Errorf("etcd was not ready after %s", timeout)
		}
	}
	return nil, "", fmt.Errorf("etcd could not start on free ports: %w", lastErr)
}

func quietLogger() *zap.Logger {
	config := zap.NewProductionConfig()
	config.Level = zap.NewAtomicLevelAt(zapcore.ErrorLevel)
	config.OutputPaths = []string{"stderr"}
	config.ErrorOutputPaths = []string{"stderr"}
	logger, err := config.Build()
	if err != nil {
		return zap.NewNop()
	}
	return logger.Named("etcd")
}

// freePorts returns loopback ports that were free a moment ago.
func freePorts(count int) ([]int, error) {
	ports := make([]int, 0, count)
	for i := 0; i < count; i++ {
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("no free loopback port: %w", err)
		}
		defer listener.Close()
		ports = append(ports, listener.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
