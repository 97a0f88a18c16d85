# 14. A connect BIO, step by step

# listener l on 127.0.0.1:$PORT_l, steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1 STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection cb to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 3, 4, 5, 7
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# steps with no equivalent command:
#   step 6 poll(&(struct pollfd){ cb, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 8 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 9 BIO_write(bio_cb, data, 5): no option sends data: type it into the command (its standard input)
#   step 10 BIO_read(bio_a, buf, 16): no option reads: the command prints what it receives
#   step 11 BIO_free(cb): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 12 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 13 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
