# accept-socket-and-other-steps

# listener g on *:4444 (BIO_SOCK_REUSEADDR), steps 1
socat TCP4-LISTEN:4444,reuseaddr STDIO
ncat -4 -l -- 4444
openssl s_server -4 -accept 4444 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# listener step1 on [::1]:$PORT_step1, steps 2
#   set PORT_step1 first: a port for step1 (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP6-LISTEN:"$PORT_step1"',bind=[\:\:1],ipv6only=0' STDIO
ncat -6 -l -- ::1 "$PORT_step1"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients
openssl s_server -6 -accept '[::1]:'"$PORT_step1" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: s_server sets IPV6_V6ONLY on an IPv6 listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients

# listener step2 on *:4445, steps 3
socat TCP4-LISTEN:4445 STDIO
ncat -4 -l -- 4445
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept 4445 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection bc to 127.0.0.1:1, steps 15
socat STDIO TCP4:127.0.0.1:1
ncat -4 -- 127.0.0.1 1
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:1
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 4 a = BIO_accept(g, &ip_port): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 5 BIO_write(bio_a, data, 1): no option sends data: type it into the command (its standard input)
#   step 6 BIO_read(bio_a, buf, 1): no option reads: the command prints what it receives
#   step 7 poll(&(struct pollfd){ a, POLLIN }, 1, 1): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 8 BIO_sock_error(a): no command reads SO_ERROR on request; they report a failed connect themselves
#   step 9 shutdown(a, SHUT_WR): no option shuts a socket down; ending the input of socat or ncat (Ctrl-D) shuts down their sending side
#   step 10 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 11 BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_UNSPEC, SOCK_STREAM, 0, &res): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 12 BIO_get_port("http", &port): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 13 BIO_get_host_ip("localhost", ip): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 14 BIO_gethostbyname("localhost"): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 16 *(volatile int *)0 = 0 /* test-only crash */: a test-only hook of the workbench
