# Every BIO_SOCK_* flag: what was asked for, and what the kernel applied

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR, BIO_SOCK_KEEPALIVE, BIO_SOCK_NONBLOCK, BIO_SOCK_NODELAY), steps 2, 3
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr,keepalive,nodelay STDIO
#   socat: socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
#   openssl: openssl s_server has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   openssl: s_server has no option for TCP_NODELAY (BIO_SOCK_NODELAY)

# connection c to 127.0.0.1:$PORT_l (BIO_SOCK_KEEPALIVE, BIO_SOCK_NODELAY), steps 4, 5
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",keepalive,nodelay
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: openssl s_client has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)

# listener l6 on [::1]:$PORT_l6 (BIO_SOCK_V6_ONLY), steps 8, 9
#   set PORT_l6 first: a port for l6 (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP6-LISTEN:"$PORT_l6"',bind=[\:\:1],ipv6only=1' STDIO
ncat -6 -l -- ::1 "$PORT_l6"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -6 -accept '[::1]:'"$PORT_l6" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# listener tfo on 127.0.0.1:$PORT_tfo (BIO_SOCK_TFO), steps 10, 11
#   set PORT_tfo first: a port for tfo (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_tfo",bind=127.0.0.1 STDIO
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
ncat -4 -l -- 127.0.0.1 "$PORT_tfo"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
openssl s_server -4 -accept 127.0.0.1:"$PORT_tfo" -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# connection c2 to 127.0.0.1:$PORT_tfo (BIO_SOCK_NONBLOCK), steps 12, 13
#   set PORT_tfo first: the port socket tfo is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_tfo",nonblock
ncat -4 -- 127.0.0.1 "$PORT_tfo"
openssl s_client -4 -connect 127.0.0.1:"$PORT_tfo"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# steps with no equivalent command:
#   step 6 poll(&(struct pollfd){ l, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 7 a = BIO_accept_ex(l, peer, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 14 BIO_closesocket(c2): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 15 BIO_closesocket(tfo): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 16 BIO_closesocket(l6): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 17 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 18 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 19 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 20 BIO_closesocket(plain): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
