# 15. An accept BIO: two BIO_do_accept calls

# connection c to 127.0.0.1:$PORT_ab, steps 4, 5
#   set PORT_ab first: the port socket ab is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO TCP4:127.0.0.1:"$PORT_ab"
ncat -4 -- 127.0.0.1 "$PORT_ab"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect 127.0.0.1:"$PORT_ab"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# steps with no equivalent command:
#   step 1 ab = BIO_new_accept("127.0.0.1:0"): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 2 BIO_set_bind_mode(ab, BIO_BIND_REUSEADDR): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 3 BIO_do_accept(ab): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 6 BIO_do_accept(ab): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 7 conn = BIO_pop(ab): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 8 BIO_write(bio_c, data, 2): no option sends data: type it into the command (its standard input)
#   step 9 BIO_read(bio_conn, buf, 16): no option reads: the command prints what it receives
#   step 10 nothing = BIO_pop(ab): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 11 BIO_free(conn): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
#   step 12 BIO_closesocket(c): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 13 BIO_free(ab): connect/accept BIOs and TLS steps are not exported yet (the workbench runs them; export-c and export-commands do not write them)
