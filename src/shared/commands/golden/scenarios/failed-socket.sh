# BIO_socket that fails, and the steps that then have no socket

# listener bad on unix:127.0.0.1, steps 1, 2
#   set PORT_bad first: a port for bad (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat UNIX-LISTEN:127.0.0.1 STDIO
ncat -U -l -- 127.0.0.1
openssl s_server -unix 127.0.0.1 -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem

# steps with no equivalent command:
#   step 4 BIO_closesocket(0): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
