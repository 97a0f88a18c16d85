# 10. The deprecated calls beside their replacements

# listener old on 127.0.0.1:$PORT_old (BIO_SOCK_REUSEADDR), steps 4
#   set PORT_old first: a port for old (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_old",bind=127.0.0.1,reuseaddr STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_old"
openssl s_server -4 -accept 127.0.0.1:"$PORT_old" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR), steps 5, 6
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# connection c1 to 127.0.0.1:$PORT_old, steps 7, 8
#   set PORT_old first: the port socket old is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_old"
ncat -4 -- 127.0.0.1 "$PORT_old"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_old"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection c2 to 127.0.0.1:$PORT_l, steps 10, 11
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l"
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 1 BIO_get_host_ip("127.0.0.1", ip): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 2 BIO_get_port("443", &port): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 3 BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_INET, SOCK_STREAM, 0, &res): a lookup makes no socket: `getent ahosts HOST` (or `getent services NAME`) shows what the resolver answers
#   step 9 a1 = BIO_accept(old, &ip_port): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 12 a2 = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 13 BIO_closesocket(a2): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 14 BIO_closesocket(c2): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 15 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 16 BIO_closesocket(a1): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 17 BIO_closesocket(c1): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 18 BIO_closesocket(old): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
