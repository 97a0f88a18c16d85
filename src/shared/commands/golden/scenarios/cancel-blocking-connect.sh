# Cancelling a blocking BIO_connect

# listener l on 127.0.0.1:$PORT_l, steps 1, 2, 3
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,backlog=0 STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat has no option for the listen backlog (0)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: s_server has no option for the listen backlog (0)

# connection first to 127.0.0.1:$PORT_l, steps 4, 5
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l"
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection second to 127.0.0.1:$PORT_l, steps 6, 7
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l"
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 8 poll(&(struct pollfd){ second, POLLOUT }, 1, 300): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 9 /* cancel step 6 */: scenario control: each command runs one listener or connection in the foreground
