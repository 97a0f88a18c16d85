# BIO_SOCK_V6_ONLY on and off: an IPv4 client and a [::] listener

# listener only6 on [::]:$PORT_only6 (BIO_SOCK_V6_ONLY), steps 1, 2
#   set PORT_only6 first: a port for only6 (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP6-LISTEN:"$PORT_only6",ipv6only=1 STDIO
ncat -6 -l -- "$PORT_only6"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -6 -accept "$PORT_only6" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# listener dual on [::]:$PORT_dual, steps 3, 4
#   set PORT_dual first: a port for dual (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP6-LISTEN:"$PORT_dual",ipv6only=0 STDIO
ncat -6 -l -- "$PORT_dual"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat -6 sets IPV6_V6ONLY on its listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients
openssl s_server -6 -accept "$PORT_dual" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: s_server sets IPV6_V6ONLY on an IPv6 listener; without BIO_SOCK_V6_ONLY, BIO_listen clears it and also takes IPv4 clients

# connection c4a to 127.0.0.1:$PORT_only6, steps 5, 6
#   set PORT_only6 first: the port socket only6 is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_only6"
ncat -4 -- 127.0.0.1 "$PORT_only6"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_only6"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection c4b to 127.0.0.1:$PORT_dual, steps 7, 8
#   set PORT_dual first: the port socket dual is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_dual"
ncat -4 -- 127.0.0.1 "$PORT_dual"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_dual"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 9 a = BIO_accept_ex(dual, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 10 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 11 BIO_closesocket(c4b): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 12 BIO_closesocket(c4a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 13 BIO_closesocket(dual): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 14 BIO_closesocket(only6): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
