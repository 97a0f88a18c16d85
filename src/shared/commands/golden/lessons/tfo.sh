# 9. TCP Fast Open: BIO_SOCK_TFO and the libcrypto you run

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR, BIO_SOCK_TFO), steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr STDIO
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# connection c to 127.0.0.1:$PORT_l, steps 3, 4
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l"
ncat -4 -- 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 5 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 6 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 7 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 8 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
