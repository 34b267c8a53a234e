// The story's service: a recommendation endpoint whose work sometimes outlasts the caller's
// 150 ms timeout. Built by the tests from Debian's golang-go and client_golang packages.
//
//	-leak goroutines  the story's bug: the worker sends its result on an unbuffered channel
//	                  that nobody reads once the handler has timed out, so it blocks forever
//	-leak memory      every request's payload is kept in a map that is never pruned
//	-leak none        the fix: the worker gives up when the request's context is done
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const timeout = 150 * time.Millisecond

// payloadSize is what one request retains under -leak memory: 3,000 requests keep about 48 MiB.
const payloadSize = 16 << 10

var (
	leak     = flag.String("leak", "none", "none, goroutines or memory")
	port     = flag.Int("port", 0, "port for /api/recommend, /metrics and /debug/pprof; 0 picks one")
	retained = struct {
		sync.Mutex
		byID map[int64][]byte
	}{byID: map[int64][]byte{}}
	nextID int64
)

// score is the slow part: 100 to 250 ms, so about a third of the calls outlast the timeout.
func score() string {
	time.Sleep(time.Duration(100+rand.Intn(150)) * time.Millisecond)
	return fmt.Sprintf("item-%d", rand.Intn(1000))
}

func recommend(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	result := make(chan string)
	go func() {
		item := score()
		if *leak == "goroutines" {
			result <- item // blocks forever once the handler has returned
			return
		}
		select {
		case result <- item:
		case <-ctx.Done():
		}
	}()
	if *leak == "memory" {
		retained.Lock()
		nextID++
		retained.byID[nextID] = make([]byte, payloadSize)
		for i := 0; i < payloadSize; i += 4096 {
			retained.byID[nextID][i] = 1 // touched, so the pages are really used
		}
		retained.Unlock()
	}
	select {
	case item := <-result:
		fmt.Fprintln(w, item)
	case <-ctx.Done():
		http.Error(w, "timed out", http.StatusGatewayTimeout)
	}
}

func main() {
	flag.Parse()
	switch *leak {
	case "none", "goroutines", "memory":
	default:
		log.Fatalf("-leak must be none, goroutines or memory, not %q", *leak)
	}
	http.HandleFunc("/api/recommend", recommend)
	http.Handle("/metrics", promhttp.Handler())
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	// The test harness waits for this line, as it does for LeakGate's own sample service.
	fmt.Printf("listening on http://%s\n", listener.Addr())
	log.Printf("recommend, leak %s", *leak)
	log.Fatal(http.Serve(listener, nil))
}
