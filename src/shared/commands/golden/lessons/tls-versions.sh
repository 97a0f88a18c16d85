# 17. TLS versions that do not overlap

# listener l on 127.0.0.1:$PORT_l, steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1 STDIO
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection c1 to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 6, 7
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# connection c2 to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 17, 18
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock
ncat -4 -- 127.0.0.1 "$PORT_l"
openssl s_client -4 -connect 127.0.0.1:"$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)
#   openssl: s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect

# steps with no equivalent command:
#   step 3 only13 = SSL_CTX_new(TLS_server_method()); SSL_CTX_use_certificate_chain_file(only13, "demo"); SSL_CTX_use_PrivateKey_file(only13, "demo", SSL_FILETYPE_PEM); SSL_CTX_set_min_proto_version(only13, TLS1_3_VERSION): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 4 any = SSL_CTX_new(TLS_server_method()); SSL_CTX_use_certificate_chain_file(any, "demo"); SSL_CTX_use_PrivateKey_file(any, "demo", SSL_FILETYPE_PEM): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 5 upto12 = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_max_proto_version(upto12, TLS1_2_VERSION): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 8 poll(&(struct pollfd){ c1, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 9 a1 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 10 cs1 = SSL_new(upto12); SSL_set_fd(cs1, c1); SSL_set_tlsext_host_name(cs1, "localhost"); SSL_set1_host(cs1, "localhost"): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 11 ss1 = SSL_new(only13); SSL_set_fd(ss1, a1): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 12 SSL_connect(cs1): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 13 poll(&(struct pollfd){ a1, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 14 SSL_accept(ss1): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 15 poll(&(struct pollfd){ c1, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 16 SSL_connect(cs1): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 19 poll(&(struct pollfd){ c2, POLLOUT }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 20 a2 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 21 cs2 = SSL_new(upto12); SSL_set_fd(cs2, c2); SSL_set_tlsext_host_name(cs2, "localhost"); SSL_set1_host(cs2, "localhost"): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 22 ss2 = SSL_new(any); SSL_set_fd(ss2, a2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 23 SSL_connect(cs2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 24 poll(&(struct pollfd){ a2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 25 SSL_accept(ss2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 26 poll(&(struct pollfd){ c2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 27 SSL_connect(cs2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 28 poll(&(struct pollfd){ a2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 29 SSL_accept(ss2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 30 poll(&(struct pollfd){ c2, POLLIN }, 1, 2000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 31 SSL_connect(cs2): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
