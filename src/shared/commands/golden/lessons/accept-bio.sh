# 15. An accept BIO: two BIO_do_accept calls

# listener ab on 127.0.0.1:$PORT_ab (BIO_SOCK_REUSEADDR), steps 1, 2, 3, 6
#   set PORT_ab first: a port for ab (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_ab",bind=127.0.0.1,reuseaddr STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_ab"
openssl s_server -4 -accept 127.0.0.1:"$PORT_ab" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# connection c to 127.0.0.1:$PORT_ab, steps 4, 5
#   set PORT_ab first: the port socket ab is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_ab"
ncat -4 -- 127.0.0.1 "$PORT_ab"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_ab"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 7 conn = BIO_pop(ab): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 8 BIO_write(bio_c, data, 2): no option sends data: type it into the command (its standard input)
#   step 9 BIO_read(bio_conn, buf, 16): no option reads: the command prints what it receives
#   step 10 nothing = BIO_pop(ab): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 11 BIO_free(conn): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 12 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 13 BIO_free(ab): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
