# 16. TLS verification: a self-signed certificate, its CA file, a wrong host name

# listener l on 127.0.0.1:$PORT_l, steps 1, 2, 3, 11, 22, 33
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
#   set TLS_DIR first: the workbench's resources/tls folder, which holds the demonstration certificate and key ("demo" in the scenario; never use that key elsewhere)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1 STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert "$TLS_DIR"/demo-cert.pem -key "$TLS_DIR"/demo-key.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection c1 to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 4, 6, 7, 10
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l" -no-CAfile -no-CApath -no-CAstore -verify_return_error -servername localhost -verify_hostname localhost
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# connection c2 to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 5, 17, 18, 21
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
#   set TLS_DIR first: the workbench's resources/tls folder, which holds the demonstration certificate and key ("demo" in the scenario; never use that key elsewhere)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l" -CAfile "$TLS_DIR"/demo-cert.pem -no-CApath -no-CAstore -verify_return_error -servername localhost -verify_hostname localhost
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# connection c3 to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 5, 28, 29, 32
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
#   set TLS_DIR first: the workbench's resources/tls folder, which holds the demonstration certificate and key ("demo" in the scenario; never use that key elsewhere)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l" -CAfile "$TLS_DIR"/demo-cert.pem -no-CApath -no-CAstore -verify_return_error -servername wrong.example -verify_hostname wrong.example
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# steps with no equivalent command:
#   step 8 poll(&(struct pollfd){ c1, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 9 a1 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 12 SSL_connect(cs1): s_client makes the handshake itself as soon as it is connected
#   step 13 poll(&(struct pollfd){ a1, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 14 SSL_accept(ss1): s_server makes the handshake itself with each connection it accepts
#   step 15 poll(&(struct pollfd){ c1, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 16 SSL_connect(cs1): s_client makes the handshake itself as soon as it is connected
#   step 19 poll(&(struct pollfd){ c2, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 20 a2 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 23 SSL_connect(cs2): s_client makes the handshake itself as soon as it is connected
#   step 24 poll(&(struct pollfd){ a2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 25 SSL_accept(ss2): s_server makes the handshake itself with each connection it accepts
#   step 26 poll(&(struct pollfd){ c2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 27 SSL_connect(cs2): s_client makes the handshake itself as soon as it is connected
#   step 30 poll(&(struct pollfd){ c3, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 31 a3 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 34 SSL_connect(cs3): s_client makes the handshake itself as soon as it is connected
#   step 35 poll(&(struct pollfd){ a3, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 36 SSL_accept(ss3): s_server makes the handshake itself with each connection it accepts
#   step 37 poll(&(struct pollfd){ c3, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 38 SSL_connect(cs3): s_client makes the handshake itself as soon as it is connected
