// A TCP port for a child that must be told its port before it starts (tests that watch a service
// from its first instant: systemd notifications, secrets). Prefer P2P_HTTP_PORT=0 and reading
// the port back (server_process) wherever the test can wait for the bind.
#pragma once

namespace test_env {

// A port on 127.0.0.1 that nothing listens on now, drawn below the kernel's ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range), from a sequence that starts at a point given by
// this process's id: the kernel never hands such a port to an outgoing connection, and parallel
// test processes start far apart, so the port stays free until the child binds it (the race of
// binding port 0, closing and binding again, where any connect() could take the port meanwhile).
// Throws when no port in the range is free.
int free_port();

}  // namespace test_env
