# 8. Keepalive, and the options really applied

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR, BIO_SOCK_KEEPALIVE), steps 2, 3
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr,keepalive STDIO
#   socat: socat sets keepalive and nodelay on the accepted connection; BIO_listen sets them on the listener, which accepted sockets inherit
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: openssl s_server has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)

# connection c to 127.0.0.1:$PORT_l (BIO_SOCK_KEEPALIVE), steps 4, 5
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",keepalive
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
#   ncat: ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: openssl s_client has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)

# steps with no equivalent command:
#   step 6 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 7 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 8 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 9 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 10 BIO_closesocket(plain): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
