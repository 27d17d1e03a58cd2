package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole multipart/form-data body, already in memory, to its text fields and files. Netty's
 * decoder is given the body in one piece: fed chunk by chunk as the bytes arrive (what {@code
 * HttpServerRequest.setExpectMultipart} does), it keeps a CR in a part's content when a chunk ends
 * between the part and its CRLF-delimiter (netty/netty#17383), so a field {@code mode=id} could
 * arrive as {@code "id\r"} depending on how TCP cut the body.
 */
final class MultipartBody {
  private final int maxFieldBytes;
  private final int maxParts;

  /**
   * @param maxFieldBytes the largest text field (files are bounded by the body limit only)
   * @param maxParts the most parts (text fields and files)
   */
  MultipartBody(int maxFieldBytes, int maxParts) {
    this.maxFieldBytes = maxFieldBytes;
    this.maxParts = maxParts;
  }

  RequestBody decode(String contentType, Buffer body) {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    // In memory only: this server never writes an upload to disk.
    HttpDataFactory factory = new DefaultHttpDataFactory(false, StandardCharsets.UTF_8);
    if (!HttpPostRequestDecoder.isMultipart(head)) {
      throw malformed("the multipart content type has no usable boundary");
    }
    HttpPostMultipartRequestDecoder decoder =
        new HttpPostMultipartRequestDecoder(factory, head, StandardCharsets.UTF_8, maxParts, -1);
    try {
      decoder.offer(new DefaultLastHttpContent(((BufferInternal) body).getByteBuf()));
      if (decoder.currentPartialHttpData() != null) {
        throw malformed("the request body is malformed or was cut short");
      }
      Map<String, String> fields = new HashMap<>();
      List<UploadedFile> files = new ArrayList<>();
      for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
        if (part instanceof FileUpload file) {
          files.add(new UploadedFile(file.getName(), file.get()));
        } else if (part instanceof Attribute field) {
          if (field.length() > maxFieldBytes) {
            throw malformed(
                "the text field "
                    + field.getName()
                    + " is longer than "
                    + maxFieldBytes
                    + " bytes");
          }
          fields.put(field.getName(), field.getValue());
        }
      }
      return new RequestBody(fields, files);
    } catch (HttpPostRequestDecoder.TooManyFormFieldsException e) {
      throw malformed("more than " + maxParts + " multipart parts");
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException
        | HttpPostRequestDecoder.NotEnoughDataDecoderException
        | IOException e) {
      throw malformed("the request body is malformed or was cut short");
    } finally {
      decoder.destroy();
    }
  }

  private static FacegateException malformed(String message) {
    return new FacegateException(ErrorCode.BAD_REQUEST, message);
  }
}
