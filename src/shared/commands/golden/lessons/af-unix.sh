# 13. AF_UNIX: a socket that is a file

# listener l on unix:$TMP_DIR/lesson.sock, steps 1, 2
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat UNIX-LISTEN:"$TMP_DIR"/lesson.sock STDIO
ncat -U -l -- "$TMP_DIR"/lesson.sock
openssl s_server -unix "$TMP_DIR"/lesson.sock -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# connection c to unix:$TMP_DIR/lesson.sock, steps 3, 4
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat STDIO UNIX-CONNECT:"$TMP_DIR"/lesson.sock
ncat -U -- "$TMP_DIR"/lesson.sock
openssl s_client -unix "$TMP_DIR"/lesson.sock
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries

# connection late to unix:$TMP_DIR/lesson.sock, steps 9, 10
#   set TMP_DIR first: a directory for the socket file ({tmp} in the scenario), whose path holds none of socat's `:` `,` or `!!` (they are not escaped in a variable)
socat STDIO UNIX-CONNECT:"$TMP_DIR"/lesson.sock
ncat -U -- "$TMP_DIR"/lesson.sock
openssl s_client -unix "$TMP_DIR"/lesson.sock
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries

# steps with no equivalent command:
#   step 5 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 6 BIO_write(bio_c, data, 18): no option sends data: type it into the command (its standard input)
#   step 7 BIO_read(bio_a, buf, 64): no option reads: the command prints what it receives
#   step 8 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 11 BIO_closesocket(late): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 12 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 13 BIO_closesocket(a): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
